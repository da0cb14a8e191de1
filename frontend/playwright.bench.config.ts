import base from './playwright.config';
import { defineConfig } from '@playwright/test';

// `npm run bench` (from `make bench`): the web client's speed budgets, against the same real
// API and built client as the end-to-end tests.
export default defineConfig({ ...base, testDir: 'tests/bench' });
