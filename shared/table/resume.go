package table

// CursorAfter returns the cursor that resumes q right after it, an item q returned.
// Callers that filter a page and stop part-way through it use it, so that the next
// page starts exactly after the last item they looked at, not after the whole page.
func (t *Table) CursorAfter(q Query, it Item) string {
	return t.cursor.encode(q, it)
}
