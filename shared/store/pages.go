package store

import (
	"context"

	"github.com/guichet/guichet/shared/table"
)

// filteredPage reads q (from q.Cursor) and keeps the items keep accepts, until it has
// limit of them or has made reads round trips. The cursor it returns resumes right
// after the last item it looked at, so a page that stops inside a table page loses
// nothing and shows nothing twice. Each round trip reads up to readSize items.
func (s *Store) filteredPage(ctx context.Context, q table.Query, limit, readSize, reads int, keep func(table.Item) (bool, error)) ([]table.Item, string, error) {
	var out []table.Item
	q.Limit = readSize
	for range reads {
		page, err := s.t.Query(ctx, q)
		if err != nil {
			return nil, "", err
		}
		for i, it := range page.Items {
			ok, err := keep(it)
			if err != nil {
				return nil, "", err
			}
			if !ok {
				continue
			}
			out = append(out, it)
			if len(out) == limit {
				if i == len(page.Items)-1 {
					return out, page.Next, nil
				}
				return out, s.t.CursorAfter(q, it), nil
			}
		}
		if page.Next == "" {
			return out, "", nil
		}
		q.Cursor = page.Next
	}
	return out, q.Cursor, nil
}
