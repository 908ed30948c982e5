import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('the console page has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
