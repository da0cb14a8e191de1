import { defineConfig } from '@hey-api/openapi-ts';

// The only code that talks to the API is generated from the committed spec (STYLE.md 18).
// OPENAPI_TS_OUTPUT lets the drift check regenerate into a temporary folder.
export default defineConfig({
  input: '../openapi.yaml',
  output: {
    path: process.env.OPENAPI_TS_OUTPUT ?? 'src/api/gen',
  },
  parser: {
    patch: {
      // PyYAML writes YAML 1.1, where `08` and `09` are strings and so left unquoted; YAML 1.2
      // parsers (this one) read them as the numbers 8 and 9. Put the grade codes back.
      input: (spec) => {
        const grade = (spec as { components?: { schemas?: Record<string, { enum?: unknown[] }> } })
          .components?.schemas?.Grade;
        if (grade?.enum) {
          grade.enum = grade.enum.map((v) => (typeof v === 'number' ? String(v).padStart(2, '0') : v));
        }
      },
    },
  },
  plugins: [
    '@hey-api/client-fetch',
    '@hey-api/typescript',
    '@hey-api/sdk',
    '@tanstack/react-query',
  ],
});
