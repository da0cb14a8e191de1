import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/app';
import { configureApi } from './lib/api';
import { loadConfig } from './lib/config';

const root = createRoot(document.getElementById('root')!);

loadConfig().then(
  (config) => {
    configureApi(config.apiBaseUrl);
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <main style={{ padding: 32, fontFamily: 'sans-serif' }}>
        <h1>Trellis cannot start</h1>
        <p>{String(error)}</p>
      </main>,
    );
  },
);
