package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

var (
	errServiceNotFound = portal.E(portal.NotFound, "service_not_found", "no such service")
	errEventNotFound   = portal.E(portal.NotFound, "event_not_found", "no open event with this id")
)

func serviceItem(s portal.Service) table.Item {
	k := serviceKey(s.OrgID, s.ContractID, s.ID)
	return table.Item{PK: k.PK, SK: k.SK, Version: s.Version, Data: encode(s)}
}

// PutService returns the step that writes s in place of the version read (s.Version;
// 0 for a new service, which must not exist).
func PutService(s portal.Service) table.Op {
	prev := s.Version
	s.Version++
	if prev == 0 {
		return table.Put(serviceItem(s), table.IfAbsent())
	}
	return table.Put(serviceItem(s), table.IfVersion(prev))
}

// DeleteService returns the step that deletes s, as read. Its resolved events stay,
// for the history of the contract; the sheet shows only the services that remain.
func DeleteService(s portal.Service) table.Op {
	return table.Delete(serviceKey(s.OrgID, s.ContractID, s.ID), table.IfVersion(s.Version))
}

func healthEventItem(e portal.HealthEvent) table.Item {
	k := openEventKey(e.OrgID, e.ContractID, e.ID)
	if !e.Open() {
		k = resolvedEventKey(e.OrgID, e.ContractID, e.Resolved, e.ID)
	}
	return table.Item{PK: k.PK, SK: k.SK, Version: e.Version, Data: encode(e)}
}

// PutEvent returns the steps that write e in place of the version read (e.Version;
// 0 for a new event). Resolving moves the event from its open key to the key of its
// resolution, so the steps are then a conditioned delete and a put.
func PutEvent(e portal.HealthEvent) []table.Op {
	prev := e.Version
	e.Version++
	switch {
	case prev == 0:
		return []table.Op{table.Put(healthEventItem(e), table.IfAbsent())}
	case e.Open():
		return []table.Op{table.Put(healthEventItem(e), table.IfVersion(prev))}
	}
	return []table.Op{
		table.Delete(openEventKey(e.OrgID, e.ContractID, e.ID), table.IfVersion(prev)),
		table.Put(healthEventItem(e), table.IfAbsent()),
	}
}

// weatherItem stores a contract's weather; while it has open events it is in the
// back office's index of contracts hit, ranked by the worst state they may give
// (9 minus its severity, so that the worst sorts first), then by organisation.
func weatherItem(orgID string, w portal.Weather, version int64) table.Item {
	k := weatherKey(orgID, w.ContractID)
	it := table.Item{PK: k.PK, SK: k.SK, Version: version, Data: encode(w)}
	if len(w.Ongoing) > 0 {
		it.GSI1PK = weatherHitIndex
		it.GSI1SK = fmt.Sprintf("%d#%s#%s", 9-w.Worst().Severity(), orgID, w.ContractID)
	}
	return it
}

// PutWeather returns the step that writes a contract's weather in place of the
// version read (0: none yet). Every change to the contract's events writes it in
// the same transaction, so that it never disagrees with them.
func PutWeather(orgID string, w portal.Weather, version int64) table.Op {
	if version == 0 {
		return table.Put(weatherItem(orgID, w, 1), table.IfAbsent())
	}
	return table.Put(weatherItem(orgID, w, version+1), table.IfVersion(version))
}

// WeatherUnchanged returns the step that fails unless a contract's weather is still
// at the version read (0: none yet), for a change that must not race an event's.
func WeatherUnchanged(orgID, contractID string, version int64) table.Op {
	if version == 0 {
		return table.Check(weatherKey(orgID, contractID), table.IfAbsent())
	}
	return table.Check(weatherKey(orgID, contractID), table.IfVersion(version))
}

// ContractExists returns the step that fails unless the contract exists, for the
// transaction that adds something to it.
func ContractExists(orgID, contractID string) table.Op {
	return table.Check(contractKey(orgID, contractID), table.IfExists())
}

// WeatherParts is what a change to a contract's services or events reads first.
type WeatherParts struct {
	Contract portal.Contract
	// Weather is the contract's current weather, WeatherVersion its item's version
	// (0 when the contract never had an event).
	Weather        portal.Weather
	WeatherVersion int64
	Service        portal.Service
	Event          portal.HealthEvent
}

// WeatherParts reads in one round trip a contract of orgID, its weather, and, when
// their ids are not empty, one of its services and one of its open events. An
// unknown contract is NotFound "contract_not_found"; an unknown service
// "service_not_found"; an event that is not open (unknown or resolved)
// "event_not_found".
func (s *Store) WeatherParts(ctx context.Context, orgID, contractID, serviceID, eventID string) (WeatherParts, error) {
	keys := []table.Key{contractKey(orgID, contractID), weatherKey(orgID, contractID)}
	if serviceID != "" {
		keys = append(keys, serviceKey(orgID, contractID, serviceID))
	}
	if eventID != "" {
		keys = append(keys, openEventKey(orgID, contractID, eventID))
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return WeatherParts{}, err
	}
	out := WeatherParts{Weather: portal.Weather{ContractID: contractID, State: portal.HealthOperational}}
	for _, it := range items {
		switch it.SK {
		case keys[0].SK:
			out.Contract, err = decode[portal.Contract](it)
			out.Contract.Version = it.Version
		case keys[1].SK:
			out.Weather, err = decode[portal.Weather](it)
			out.WeatherVersion = it.Version
		case serviceKey(orgID, contractID, serviceID).SK:
			out.Service, err = decode[portal.Service](it)
			out.Service.Version = it.Version
		default:
			out.Event, err = decode[portal.HealthEvent](it)
			out.Event.Version = it.Version
		}
		if err != nil {
			return WeatherParts{}, err
		}
	}
	switch {
	case out.Contract.ID == "":
		return out, errContractNotFound
	case serviceID != "" && out.Service.ID == "":
		return out, errServiceNotFound
	case eventID != "" && out.Event.ID == "":
		return out, errEventNotFound
	}
	return out, nil
}

// WeatherSheet is a contract's services with their events open or resolved since
// a time, oldest resolution first and the open ones last.
type WeatherSheet struct {
	Services []portal.Service
	Events   []portal.HealthEvent
}

// WeatherSheet reads a contract's services and the events open or resolved since
// since, in one query of the range from the first event resolved since then to the
// last service (more only for a contract with over a thousand of them).
func (s *Store) WeatherSheet(ctx context.Context, orgID, contractID string, since time.Time) (WeatherSheet, error) {
	prefix := weatherPrefix(contractID)
	q := table.Query{PK: "ORG#" + orgID, From: prefix + "E#" + since.UTC().Format(keyTime), To: prefix + "T", Limit: table.MaxLimit}
	var out WeatherSheet
	for {
		page, err := s.t.Query(ctx, q)
		if err != nil {
			return WeatherSheet{}, err
		}
		for _, it := range page.Items {
			if strings.HasPrefix(it.SK, prefix+"S#") {
				sv, err := decode[portal.Service](it)
				if err != nil {
					return WeatherSheet{}, err
				}
				sv.Version = it.Version
				out.Services = append(out.Services, sv)
				continue
			}
			e, err := decode[portal.HealthEvent](it)
			if err != nil {
				return WeatherSheet{}, err
			}
			e.Version = it.Version
			out.Events = append(out.Events, e)
		}
		if page.Next == "" {
			return out, nil
		}
		q.Cursor = page.Next
	}
}

// Hit is one contract with open events, as the back office's overview lists it.
type Hit struct {
	OrgID        string         `json:"orgId"`
	Organisation string         `json:"organisation"`
	Contract     string         `json:"contract"`
	Reference    string         `json:"reference"`
	Weather      portal.Weather `json:"weather"`
}

// Hits reads one page of the contracts with open events across organisations,
// worst first, with the names of their organisations and contracts: one query of
// the sparse index, then one read of the names.
func (s *Store) Hits(ctx context.Context, limit int, cursor string) ([]Hit, string, error) {
	// A contract and its organisation per hit must fit one GetMany.
	limit = min(max(limit, 1), table.MaxTransact/2)
	page, err := s.t.Query(ctx, table.Query{Index: table.GSI1, PK: weatherHitIndex, Limit: limit, Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	out := make([]Hit, 0, len(page.Items))
	var keys []table.Key
	seen := map[string]bool{}
	for _, it := range page.Items {
		w, err := decode[portal.Weather](it)
		if err != nil {
			return nil, "", err
		}
		orgID := strings.TrimPrefix(it.PK, "ORG#")
		out = append(out, Hit{OrgID: orgID, Weather: w})
		keys = append(keys, contractKey(orgID, w.ContractID))
		if !seen[orgID] {
			seen[orgID] = true
			keys = append(keys, orgKey(orgID))
		}
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return nil, "", err
	}
	orgs := map[string]string{}
	contracts := map[string]portal.Contract{}
	for _, it := range items {
		if it.SK == "PROFILE" {
			o, err := decode[portal.Organisation](it)
			if err != nil {
				return nil, "", err
			}
			orgs[o.ID] = o.Name
			continue
		}
		c, err := decode[portal.Contract](it)
		if err != nil {
			return nil, "", err
		}
		contracts[c.OrgID+"/"+c.ID] = c
	}
	for i, h := range out {
		c := contracts[h.OrgID+"/"+h.Weather.ContractID]
		out[i].Organisation, out[i].Contract, out[i].Reference = orgs[h.OrgID], c.Name, c.Reference
	}
	return out, page.Next, nil
}
