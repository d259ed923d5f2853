/** @type {import('gatsby').GatsbyConfig} */
module.exports = {
  siteMetadata: { title: 'Gatsby fixture' },
  trailingSlash: 'always',
  plugins: []
};
