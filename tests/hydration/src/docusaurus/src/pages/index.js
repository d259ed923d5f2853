import React from 'react';
import Link from '@docusaurus/Link';
import Layout from '@theme/Layout';
import Counter from '@site/src/components/Counter';

const year = 2024;
const name = 'Docusaurus';
const fruits = ['apple', 'banana', 'cherry'];
const rows = [
  {tool: 'jamdeploy', lang: 'C', stars: 42},
  {tool: 'docusaurus', lang: 'JavaScript', stars: 120},
];

export default function Home() {
  return (
    <Layout title="Home" description="Hydration fixture home page">
      <main className="container margin-vert--lg">
        <h1>Hydration fixture: {name}</h1>
        <p>
          <b>bold</b>{' '}<i>italic</i>{' '}<code>code</code> and some   spaced   text.
        </p>
        <Counter />
        <p>
          Go to the <Link id="nav" to="/about/">about page</Link> (client-side navigation), or read the{' '}
          <Link to="/docs/intro/">docs</Link>.
        </p>
        <ul>
          {fruits.map((f, i) => (
            <li key={f}>
              {i + 1}. {f}
            </li>
          ))}
        </ul>
        <pre>{`function hello() {
  console.log("hi");    // keep    the spaces
}

hello();`}</pre>
        <table className="fixture-table">
          <thead>
            <tr>
              <th>Tool</th>
              <th>Language</th>
              <th>Stars</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.tool}>
                <td>{r.tool}</td>
                <td>{r.lang}</td>
                <td>{r.stars}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <img src="/img/photo.png" width="96" height="96" alt="A small test photo" />
        </p>
        <p>© {year} · Built with React and {name}</p>
      </main>
    </Layout>
  );
}
