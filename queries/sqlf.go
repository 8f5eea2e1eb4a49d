package queries

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"text/template"
)

// names are what a statement may have written into its text instead of
// bound as ? arguments: the identifiers ClickHouse takes no argument for
// (the database, a table, the cluster of ON CLUSTER), a partition id, and
// filter conditions built by where (fixed column names, values as ?), and
// the generation a read of a current table reads (current.go). Statements
// name them as template fields, the only ones there are:
//
//	{{.Database}} {{.Table}} {{.OnCluster}} {{.Partition}} {{.Where}} {{.Generation}}
//
// Every value from a file, a user or a URL parameter goes as a bound ?
// argument, never through here.
type names struct {
	database  string
	table     string
	cluster   string // empty: no ON CLUSTER clause
	partition uint64
	where     *where
	having    *where // conditions on aggregates, after where's
	// generation is a generation's id as a number, or the package's own
	// statement that chooses the current one (currentSet.chosen).
	generation string
}

// Database is the database, quoted.
func (n names) Database() (string, error) { return ident("database", n.database) }

// Table is the table, quoted.
func (n names) Table() (string, error) { return ident("table", n.table) }

// OnCluster is "ON CLUSTER `name`", or nothing when there is no cluster.
func (n names) OnCluster() (string, error) {
	if n.cluster == "" {
		return "", nil
	}
	c, err := ident("cluster", n.cluster)
	return "ON CLUSTER " + c, err
}

// Partition is the partition id.
func (n names) Partition() uint64 { return n.partition }

// Where is " AND " and the filter's conditions, or nothing.
func (n names) Where() string {
	if n.where == nil {
		return ""
	}
	return n.where.sql()
}

// Generation is the generation a read of a current table reads.
// Having is the conditions of n.having, each after " AND ".
func (n names) Having() string {
	if n.having == nil {
		return ""
	}
	return n.having.sql()
}

func (n names) Generation() (string, error) {
	if n.generation == "" {
		return "", errors.New("no generation given")
	}
	return n.generation, nil
}

// identifier is what a name in SQL may be: letters, digits and
// underscores, not starting with a digit. Anything else (a quote, a
// space, a dot, a backquote) is refused rather than escaped.
var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ident returns name quoted with backquotes, or an error when it is not a
// safe identifier.
func ident(what, name string) (string, error) {
	if !identifier.MatchString(name) {
		return "", fmt.Errorf("%s name %q is not a plain identifier (letters, digits and _)", what, name)
	}
	return "`" + name + "`", nil
}

// statements caches the parsed templates: a statement's text is a
// constant, parsed once.
var statements sync.Map // string -> *template.Template

// sqlf returns stmt with the names of n written into it. stmt is a
// text/template over the fields of names; a field it uses that is empty or
// not a safe identifier, or one names does not have, is an error.
func sqlf(stmt string, n names) (string, error) {
	t, ok := statements.Load(stmt)
	if !ok {
		parsed, err := template.New("sql").Option("missingkey=error").Parse(stmt)
		if err != nil {
			return "", fmt.Errorf("sql template: %w", err)
		}
		t, _ = statements.LoadOrStore(stmt, parsed)
	}
	var b strings.Builder
	if err := t.(*template.Template).Execute(&b, n); err != nil {
		return "", fmt.Errorf("sql template: %w", err)
	}
	return b.String(), nil
}
