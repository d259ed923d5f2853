'use client';

import { useState } from 'react';

export default function Toggle() {
  const [shown, setShown] = useState(true);
  return (
    <div>
      <button id="toggle" type="button" onClick={() => setShown((s) => !s)}>
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
