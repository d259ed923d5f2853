import * as React from 'react';
import { Link } from 'gatsby';

const year = 2025;

export default function Layout({ children }) {
  return (
    <>
      <header>
        <nav className="site">
          <Link to="/">Home</Link> <Link to="/about/">About</Link>{' '}
          <Link to="/blog/">Blog</Link>
        </nav>
      </header>
      <main>{children}</main>
      <footer>
        <p>© {year} · Built with Gatsby</p>
      </footer>
    </>
  );
}

export function SeoHead({ title }) {
  return (
    <>
      <title>{`${title} · Gatsby fixture`}</title>
      <link rel="icon" href="/favicon.png" />
    </>
  );
}
