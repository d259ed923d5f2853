import React, {useState} from 'react';
import Link from '@docusaurus/Link';
import Layout from '@theme/Layout';

function Toggle() {
  const [shown, setShown] = useState(true);
  return (
    <div>
      <button id="toggle" type="button" className="button button--secondary" onClick={() => setShown((s) => !s)}>
        {shown ? 'hide' : 'show'} details
      </button>
      {shown && (
        <p id="details">
          These details are rendered by React and can be toggled <em>without</em> a reload.
        </p>
      )}
    </div>
  );
}

export default function About() {
  return (
    <Layout title="About" description="About this fixture">
      <main className="container margin-vert--lg">
        <h1 id="about-title">About</h1>
        <p>This page has a toggle rendered by React state.</p>
        <Toggle />
        <p>
          Back <Link id="home" to="/">home</Link> or read the <Link to="/docs/guide/">guide</Link>.
        </p>
      </main>
    </Layout>
  );
}
