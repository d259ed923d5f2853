import * as React from 'react';
import { Link } from 'gatsby';
import Layout, { SeoHead } from '../components/layout';

export default function NotFound() {
  return (
    <Layout>
      <h1>Not found</h1>
      <p>
        Go <Link to="/">home</Link>.
      </p>
    </Layout>
  );
}

export const Head = () => <SeoHead title="Not found" />;
