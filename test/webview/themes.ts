/**
 * VS Code theme variables for the test page (a subset of what VS Code defines on a webview's <html>), so the panel
 * is rendered as it would be in Dark Modern, Light Modern and High Contrast — and screenshots look real.
 */
export type ThemeName = 'dark' | 'light' | 'high-contrast';

const common: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  '--vscode-editor-font-size': '12.5px',
};

export const THEMES: Record<ThemeName, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      ...common,
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-errorForeground': '#f85149',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-sideBar-background': '#181818',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-widget-border': '#313131',
      '--vscode-widget-shadow': '#0000005c',
      '--vscode-textBlockQuote-background': '#2b2b2b',
      '--vscode-textBlockQuote-border': '#616161',
      '--vscode-textCodeBlock-background': '#1f1f1f',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-textLink-activeForeground': '#4daafc',
      '--vscode-textPreformat-foreground': '#d0d0d0',
      '--vscode-textPreformat-background': '#3c3c3c',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-border': '#ffffff12',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      // Chart colours (the cost report's chart).
      '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700', '--vscode-charts-red': '#f14c4c', '--vscode-charts-foreground': '#cccccc', '--vscode-charts-lines': '#cccccc80',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-toolbar-hoverBackground': '#5a5d5e50',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-editorCursor-foreground': '#aeafad',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-debugTokenExpression-name': '#c586c0',
      '--vscode-debugTokenExpression-string': '#ce9178',
      '--vscode-debugTokenExpression-boolean': '#4e94ce',
      '--vscode-debugTokenExpression-number': '#b5cea8',
      '--vscode-symbolIcon-functionForeground': '#b180d7',
      '--vscode-symbolIcon-classForeground': '#ee9d28',
      '--vscode-symbolIcon-variableForeground': '#75beff',
      '--vscode-symbolIcon-keywordForeground': '#cccccc',
      '--vscode-gitDecoration-addedResourceForeground': '#81b88b',
      '--vscode-gitDecoration-deletedResourceForeground': '#c74e39',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c33',
      '--vscode-diffEditor-removedTextBackground': '#ff000033',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      ...common,
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-errorForeground': '#f85149',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-widget-border': '#e5e5e5',
      '--vscode-widget-shadow': '#00000029',
      '--vscode-textBlockQuote-background': '#f2f2f2',
      '--vscode-textBlockQuote-border': '#e5e5e5',
      '--vscode-textCodeBlock-background': '#ffffff',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-textLink-activeForeground': '#005fb8',
      '--vscode-textPreformat-foreground': '#3b3b3b',
      '--vscode-textPreformat-background': '#0000001f',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-border': '#0000001a',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      // Chart colours (the cost report's chart).
      '--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-red': '#e51400', '--vscode-charts-foreground': '#616161', '--vscode-charts-lines': '#61616180',
      '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-toolbar-hoverBackground': '#b8b8b850',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-editorCursor-foreground': '#000000',
      '--vscode-testing-iconPassed': '#388a34',
      '--vscode-debugTokenExpression-name': '#9b46b0',
      '--vscode-debugTokenExpression-string': '#a31515',
      '--vscode-debugTokenExpression-boolean': '#0000ff',
      '--vscode-debugTokenExpression-number': '#098658',
      '--vscode-symbolIcon-functionForeground': '#652d90',
      '--vscode-symbolIcon-classForeground': '#d67e00',
      '--vscode-symbolIcon-variableForeground': '#007acc',
      '--vscode-symbolIcon-keywordForeground': '#3b3b3b',
      '--vscode-gitDecoration-addedResourceForeground': '#587c0c',
      '--vscode-gitDecoration-deletedResourceForeground': '#ad0707',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c40',
      '--vscode-diffEditor-removedTextBackground': '#ff000033',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      ...common,
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-errorForeground': '#f48771',
      '--vscode-focusBorder': '#f38518',
      '--vscode-sideBar-background': '#000000',
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-widget-border': '#6fc3df',
      '--vscode-textBlockQuote-background': '#000000',
      '--vscode-textBlockQuote-border': '#ffffff80',
      '--vscode-textCodeBlock-background': '#000000',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-textLink-activeForeground': '#21a6ff',
      '--vscode-textPreformat-foreground': '#ffffff',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      // Chart colours (the cost report's chart).
      '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#ffd700', '--vscode-charts-red': '#f48771', '--vscode-charts-foreground': '#ffffff', '--vscode-charts-lines': '#ffffff80',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-editorWarning-foreground': '#fff500',
      '--vscode-editorCursor-foreground': '#ffffff',
      '--vscode-debugTokenExpression-name': '#ffffff',
      '--vscode-debugTokenExpression-string': '#f48771',
      '--vscode-debugTokenExpression-boolean': '#75bdfe',
      '--vscode-debugTokenExpression-number': '#89d185',
      '--vscode-symbolIcon-functionForeground': '#b180d7',
      '--vscode-symbolIcon-classForeground': '#ee9d28',
      '--vscode-symbolIcon-variableForeground': '#75beff',
      '--vscode-gitDecoration-addedResourceForeground': '#a1e3ad',
      '--vscode-gitDecoration-deletedResourceForeground': '#c74e39',
    },
  },
};

/** A script (a string: it runs in the page) that puts a theme's variables on <html> and its class on <body>. */
export function themeScript(name: ThemeName): string {
  const t = THEMES[name];
  return `(() => {
    const vars = ${JSON.stringify(t.vars)};
    const apply = () => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      if (document.body) document.body.classList.add(${JSON.stringify(t.bodyClass)});
    };
    if (document.documentElement) apply();
    document.addEventListener('DOMContentLoaded', apply);
  })();`;
}
