import React, {useState} from 'react';

export default function Counter() {
  const [count, setCount] = useState(0);
  return (
    <button id="counter" type="button" className="button button--primary" onClick={() => setCount((c) => c + 1)}>
      count: {count}
    </button>
  );
}
