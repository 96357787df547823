package store

import (
	"context"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// MaxCards bounds the contracts one ContractDetails reads: each costs two keys (its
// weather and its month's consumption), its referent at most one more, and the
// organisation one, within the table's MaxTransact keys of one GetMany.
const MaxCards = (table.MaxTransact - 1) / 3

// ContractDetails is what the dashboard's cards and the contract sheet show beside
// the contracts themselves.
type ContractDetails struct {
	// Weather by contract id; a contract whose operators declared nothing is missing.
	Weather map[string]portal.Weather
	// Consumed by contract id: minor units of the contract's currency in the month
	// read; a contract with no consumption recorded is missing.
	Consumed map[string]int64
	// Names of the referents, by user id.
	Names map[string]string
	// Organisation is read when asked for.
	Organisation portal.Organisation
}

// ContractDetails reads, in one round trip, the current weather and the month's
// consumption of up to MaxCards contracts of one organisation, their referents'
// names, and the organisation's profile when withOrg is set.
func (s *Store) ContractDetails(ctx context.Context, orgID string, contracts []portal.Contract, month string, withOrg bool) (ContractDetails, error) {
	out := ContractDetails{Weather: map[string]portal.Weather{}, Consumed: map[string]int64{}, Names: map[string]string{}}
	if len(contracts) > MaxCards {
		return out, portal.Internalf("store: details of %d contracts, at most %d", len(contracts), MaxCards)
	}
	keys := make([]table.Key, 0, 3*len(contracts)+1)
	seen := map[string]bool{}
	for _, c := range contracts {
		keys = append(keys, weatherKey(orgID, c.ID), consumptionKey(orgID, c.ID, month))
		if c.ReferentID != "" && !seen[c.ReferentID] {
			seen[c.ReferentID] = true
			keys = append(keys, userKey(orgID, c.ReferentID))
		}
	}
	if withOrg {
		keys = append(keys, orgKey(orgID))
	}
	if len(keys) == 0 {
		return out, nil
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return out, err
	}
	for _, it := range items {
		switch {
		case strings.HasPrefix(it.SK, "WEATHER#"):
			w, err := decode[portal.Weather](it)
			if err != nil {
				return out, err
			}
			out.Weather[strings.TrimPrefix(it.SK, "WEATHER#")] = w
		case strings.HasPrefix(it.SK, "CONSUMPTION#"):
			c, err := decode[portal.Consumption](it)
			if err != nil {
				return out, err
			}
			out.Consumed[c.ContractID] = c.Amount.Minor
		case strings.HasPrefix(it.SK, "USER#"):
			a, err := decodeAccount(it)
			if err != nil {
				return out, err
			}
			out.Names[a.ID] = strings.TrimSpace(a.FirstName + " " + a.LastName)
		case it.SK == "PROFILE":
			if out.Organisation, err = decodeOrganisation(it); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// budgetAlertItem marks a budget alert as sent for a contract and month.
type budgetAlertItem struct {
	ContractID string             `json:"contractId"`
	Month      string             `json:"month"`
	Alert      portal.BudgetAlert `json:"alert"`
}

// BudgetState is what a change of a contract's budget or consumption is decided on:
// the contract, its consumption of one month (with the version its update is
// conditioned on, 0 when none is stored) and the alerts already sent that month.
type BudgetState struct {
	Contract portal.Contract
	Month    string
	Consumed int64
	// ConsumedVersion is the stored aggregate's version, 0 when there is none.
	ConsumedVersion int64
	Sent            map[portal.BudgetAlert]bool
}

// BudgetState reads a contract, its consumption of month and the markers of the
// alerts sent that month, in one round trip.
func (s *Store) BudgetState(ctx context.Context, orgID, contractID, month string) (BudgetState, error) {
	keys := []table.Key{contractKey(orgID, contractID), consumptionKey(orgID, contractID, month)}
	for _, a := range portal.BudgetAlerts {
		keys = append(keys, budgetAlertKey(orgID, contractID, month, a))
	}
	items, err := s.t.GetMany(ctx, keys)
	if err != nil {
		return BudgetState{}, err
	}
	st := BudgetState{Month: month, Sent: map[portal.BudgetAlert]bool{}}
	for _, it := range items {
		switch {
		case strings.HasPrefix(it.SK, "CONTRACT#"):
			if st.Contract, err = decode[portal.Contract](it); err != nil {
				return st, err
			}
			st.Contract.Version = it.Version
		case strings.HasPrefix(it.SK, "CONSUMPTION#"):
			c, err := decode[portal.Consumption](it)
			if err != nil {
				return st, err
			}
			st.Consumed, st.ConsumedVersion = c.Amount.Minor, it.Version
		case strings.HasPrefix(it.SK, "BUDGETALERT#"):
			m, err := decode[budgetAlertItem](it)
			if err != nil {
				return st, err
			}
			st.Sent[m.Alert] = true
		}
	}
	if st.Contract.ID == "" {
		return st, errContractNotFound
	}
	return st, nil
}

// PutConsumption is the table step that writes a contract's consumption of a month,
// on the condition that nobody wrote it since it was read at version prev (0: that
// none was stored).
func PutConsumption(orgID string, c portal.Consumption, prev int64) table.Op {
	k := consumptionKey(orgID, c.ContractID, c.Month)
	cond := table.IfVersion(prev)
	if prev == 0 {
		cond = table.IfAbsent()
	}
	return table.Put(table.Item{PK: k.PK, SK: k.SK, Version: prev + 1, Data: encode(c)}, cond)
}

// MarkBudgetAlert is the table step that records a budget alert as sent, on the
// condition that it was not: of two changes that would both send it, the second
// fails and sends nothing.
func MarkBudgetAlert(orgID, contractID, month string, a portal.BudgetAlert) table.Op {
	k := budgetAlertKey(orgID, contractID, month, a)
	return table.Put(table.Item{PK: k.PK, SK: k.SK, Version: 1,
		Data: encode(budgetAlertItem{ContractID: contractID, Month: month, Alert: a})}, table.IfAbsent())
}
