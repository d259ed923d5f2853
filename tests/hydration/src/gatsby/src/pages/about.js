import * as React from 'react';
import { Link } from 'gatsby';
import Layout, { SeoHead } from '../components/layout';

export default function About() {
  const [open, setOpen] = React.useState(false);
  return (
    <Layout>
      <h1>About</h1>
      <p>
        <button id="toggle" onClick={() => setOpen((o) => !o)}>
          {open ? 'hide' : 'show'} details
        </button>
      </p>
      {open && (
        <p id="details">
          These are the <b>details</b> <i>you asked for</i>.
        </p>
      )}
      <p>
        <Link to="/blog/">Read the blog</Link> or go <Link to="/">home</Link>.
      </p>
    </Layout>
  );
}

export const Head = () => <SeoHead title="About" />;
