import * as React from 'react';
import { Link } from 'gatsby';
import Layout, { SeoHead } from '../components/layout';

const items = ['alpha', 'beta', 'gamma'];
const none = [];
const rows = [
  { name: 'html', size: 12 },
  { name: 'css', size: 3 }
];
const year = 2025;
const hidden = false;

const code = `function greet(name) {
    return 'hi ' + name;   // two spaces inside
}

greet('world');`;

export default function Home() {
  const [count, setCount] = React.useState(0);
  return (
    <Layout>
      <h1>Gatsby hydration fixture</h1>

      <p>
        This page is <b>prerendered</b> <i>and</i> hydrated.
      </p>

      <p>
        <button id="counter" onClick={() => setCount((c) => c + 1)}>
          count: {count}
        </button>{' '}
        <Link id="nav" to="/about/">
          About this site
        </Link>
      </p>

      <ul id="list">
        {items.map((item, i) => (
          <li key={item}>
            {i + 1}. {item}
          </li>
        ))}
      </ul>

      {none.length ? none.map((n) => <p key={n}>{n}</p>) : <p id="empty">no drafts</p>}

      {hidden && <p id="never">never shown</p>}

      {false ? <p>also never shown</p> : <p id="else">shown by the else branch</p>}

      <p>
        Mixed: <b>a</b> <i>b</i> <code>c</code> and text © {year} · Built with React
      </p>

      <pre id="code">{code}</pre>

      <table id="tbl">
        <thead>
          <tr>
            <th>name</th>
            <th>size</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <td>{row.name}</td>
              <td>{row.size} KB</td>
            </tr>
          ))}
        </tbody>
      </table>

      <figure>
        <img id="photo" src="/img/photo.png" width="96" height="96" alt="Sun over a green hill" />
        <figcaption>
          A <em>small</em> photo
        </figcaption>
      </figure>
    </Layout>
  );
}

export const Head = () => <SeoHead title="Home" />;
