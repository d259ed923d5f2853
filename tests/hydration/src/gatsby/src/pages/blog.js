import * as React from 'react';
import { Link } from 'gatsby';
import Layout, { SeoHead } from '../components/layout';

const posts = [
  { slug: 'first', title: 'First post' },
  { slug: 'second', title: 'Second post' }
];

export default function Blog() {
  return (
    <Layout>
      <h1>Blog</h1>
      <ol>
        {posts.map((p) => (
          <li key={p.slug} id={p.slug}>
            {p.title}
          </li>
        ))}
      </ol>
      <p>
        Back <Link to="/">home</Link>.
      </p>
    </Layout>
  );
}

export const Head = () => <SeoHead title="Blog" />;
