// Lint rules, including the layering rules that keep the architecture real (see README).
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group, message })) }],
})

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'build/**',
      'node_modules/**',
      'test-results/**',
      'bench-results/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict(
      [
        [
          'electron',
          'vue',
          'pinia',
          'naive-ui',
          'axios',
          'better-sqlite3',
          'node:*',
          '**/main/**',
          '**/renderer/**',
          '**/preload/**',
        ],
      ],
      'src/shared is the contract and domain: plain TypeScript and zod only.',
    ),
  },
  {
    files: ['src/main/core/**'],
    rules: restrict(
      [['electron', 'vue', 'pinia', 'naive-ui', '**/renderer/**', '**/preload/**']],
      'The core runs in plain Node (tests, CLI, browser host): no electron, no UI code.',
    ),
  },
  {
    files: ['src/renderer/**'],
    rules: restrict(
      [
        [
          'electron',
          'node:*',
          'better-sqlite3',
          'axios',
          '**/main/**',
          '**/sandbox/**',
          '**/cli/**',
          '**/web/**',
        ],
      ],
      'The renderer reaches the main process only through services/client.ts.',
    ),
  },
  {
    files: ['src/sandbox/**', 'src/cli/**', 'src/web/**'],
    rules: restrict(
      [['electron', 'vue', 'pinia', 'naive-ui', '**/renderer/**']],
      'Node hosts reuse the core; they never load Electron or UI code.',
    ),
  },
  prettier,
)
