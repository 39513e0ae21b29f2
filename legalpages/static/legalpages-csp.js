// Sphinx's doctools.js compiles the catalog's plural rule with new Function(), which our Content
// Security Policy forbids (no 'unsafe-eval'). German and English share the rule "n != 1".
Documentation.addTranslations = (catalog) => {
  Object.assign(Documentation.TRANSLATIONS, catalog.messages);
  Documentation.PLURAL_EXPR = (n) => (n === 1 ? 0 : 1);
  Documentation.LOCALE = catalog.locale;
};
