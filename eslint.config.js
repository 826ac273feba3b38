// Lint rules, including the layering rules that keep the architecture real (see README).
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group, message })) }],
})

/** What no renderer file may import. */
const RENDERER_BANNED = [
  'electron',
  'node:*',
  'better-sqlite3',
  'better-sqlite3-multiple-ciphers',
  'axios',
  '**/main/**',
  '**/sandbox/**',
  '**/cli/**',
  '**/web/**',
]

/** The core's internals: everything under src/main/core but its public surface (index.ts). */
const CORE_INTERNALS = ['**/main/core/*', '**/main/core/**', './core/*', './core/**']
const CORE_SURFACE_MESSAGE =
  'Outside the core, import only its public surface, src/main/core/index.ts (`./core`, `../main/core`); export what you need there.'
const coreSurfaceOnly = (extra) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...extra,
        {
          group: [...CORE_INTERNALS, '!**/main/core/index', '!./core/index'],
          message: CORE_SURFACE_MESSAGE,
        },
      ],
    },
  ],
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
          'better-sqlite3-multiple-ciphers',
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
    rules: {
      ...restrict(
        [RENDERER_BANNED],
        'The renderer reaches the main process only through services/client.ts.',
      ),
      // A toast's words are a function, worded as it is drawn: a string stays in the language
      // it was raised in when the agent switches while it shows.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name='message'][callee.property.name=/^(success|info|warning|error|loading|create)$/][arguments.0.type!='ArrowFunctionExpression']",
          message: "A message's words are a function (`() => t('…')`): it follows the language.",
        },
        {
          selector:
            "CallExpression[callee.object.name='notification'][callee.property.name=/^(success|info|warning|error|create)$/] > ObjectExpression > Property[key.name=/^(title|content|description|meta)$/][value.type!='ArrowFunctionExpression']",
          message:
            "A notification's title and content are functions (`() => t('…')`): they follow the language.",
        },
      ],
    },
  },
  {
    // A later block's rule replaces the one above for these files, so it repeats the renderer's.
    files: ['src/renderer/src/views/**', 'src/renderer/src/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: RENDERER_BANNED,
              message: 'The renderer reaches the main process only through services/client.ts.',
            },
            {
              group: ['**/composables/use-client', '**/services/*'],
              message:
                'Screens and components render and emit: their reads and writes go through a store in stores/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sandbox/**', 'src/hub/**'],
    rules: restrict(
      [['electron', 'vue', 'pinia', 'naive-ui', '**/renderer/**']],
      'Node hosts reuse the core; they never load Electron or UI code.',
    ),
  },
  {
    files: ['src/cli/**', 'src/web/**'],
    rules: coreSurfaceOnly([
      {
        group: ['electron', 'vue', 'pinia', 'naive-ui', '**/renderer/**'],
        message: 'Node hosts reuse the core; they never load Electron or UI code.',
      },
    ]),
  },
  {
    // The desktop shell: the files of src/main beside the core.
    files: ['src/main/*.ts'],
    rules: coreSurfaceOnly([]),
  },
  {
    // The cache's own micro-benchmarks (bench/cache) measure the db layer's internals, as its
    // tests do; every other benchmark uses the core as the shells do.
    files: ['bench/**'],
    ignores: ['bench/cache/**'],
    rules: coreSurfaceOnly([]),
  },
  prettier,
)
