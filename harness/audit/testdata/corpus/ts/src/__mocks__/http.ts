export const api = {
  get: jest.fn((url: string) => Promise.resolve({ data: { data: [], url: `https://api.salesloft.com/v2${url}` } })),
};
