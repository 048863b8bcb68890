// Package crmsync copies SalesLoft people into the CRM's contact table. It
// sends nothing itself; its table maps a field path of a SalesLoft person
// record to a column. (A decoy: many writes of a struct field named Path.)
package crmsync

// Mapping is one field copied: Path in the SalesLoft record, Column in ours.
type Mapping struct {
	Path   string
	Column string
}

var personFields = []Mapping{
	{Path: "id", Column: "sl_id"},
	{Path: "first_name", Column: "first"},
	{Path: "last_name", Column: "last"},
	{Path: "email_address", Column: "email"},
	{Path: "phone", Column: "phone"},
	{Path: "title", Column: "title"},
	{Path: "city", Column: "city"},
	{Path: "state", Column: "region"},
	{Path: "country", Column: "country"},
	{Path: "account.id", Column: "account_id"},
	{Path: "owner.id", Column: "owner_id"},
	{Path: "cadences", Column: "cadence_count"},
	{Path: "tags", Column: "tags"},
	{Path: "do_not_contact", Column: "dnc"},
	{Path: "created_at", Column: "created"},
	{Path: "updated_at", Column: "updated"},
	{Path: "last_contacted_at", Column: "last_touch"},
}

// Columns returns the CRM columns in table order.
func Columns() []string {
	out := make([]string, 0, len(personFields))
	for _, m := range personFields {
		out = append(out, m.Column)
	}
	return out
}

// Rename gives a mapping a new source path, for records of another API version.
func Rename(m Mapping, prefix string) Mapping {
	m.Path = prefix + m.Path
	return m
}
