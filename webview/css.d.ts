// esbuild loads .css as text (esbuild.mjs: loader {'.css': 'text'}); the app adopts it as a constructed stylesheet.
declare module '*.css' {
  const text: string;
  export default text;
}
