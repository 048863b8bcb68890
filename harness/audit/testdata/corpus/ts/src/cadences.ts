import { api } from './http';

// Export a cadence from one team and import it into another.
export async function copyCadence(cadenceId: number, name: string) {
  const { data: exported } = await api.get(`/cadence_exports/${cadenceId}.json`);
  const { data: imported } = await api.post('/cadence_imports.json', {
    cadence_content: exported.data.cadence_content,
    settings: { name, shared: false },
  });
  return imported.data.cadence.id;
}
