const { SalesLoft } = require('salesloft');

async function weekly(key) {
  const sl = new SalesLoft(key);
  const people = await sl.People.list({ per_page: 100 });
  await sl.Notes.create({ content: `synced ${people.length}` });
}

module.exports = { weekly };
