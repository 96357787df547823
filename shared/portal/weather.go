package portal

import "time"

// HealthState is how a contract's service is doing, as operators declare it.
type HealthState string

// The health states, from best to worst. Maintenance is planned work: it ranks above
// operational and below every unplanned state.
const (
	HealthOperational HealthState = "operational"
	HealthMaintenance HealthState = "maintenance"
	HealthDegraded    HealthState = "degraded"
	HealthPartial     HealthState = "partial_outage"
	HealthMajor       HealthState = "major_outage"
)

// HealthStates lists the states from best to worst.
var HealthStates = []HealthState{HealthOperational, HealthMaintenance, HealthDegraded, HealthPartial, HealthMajor}

// Severity ranks a state: 0 for operational, higher is worse, -1 for an unknown state.
func (s HealthState) Severity() int {
	for i, v := range HealthStates {
		if v == s {
			return i
		}
	}
	return -1
}

// Valid reports whether s is one of HealthStates.
func (s HealthState) Valid() bool { return s.Severity() >= 0 }

// Worst returns the worse of two states.
func Worst(a, b HealthState) HealthState {
	if b.Severity() > a.Severity() {
		return b
	}
	return a
}

// Weather is a contract's current service weather: its worst current state and the
// events not yet resolved (ongoing ones and planned maintenance). It is one stored
// item per contract, rewritten in the transaction of every change to its events, so
// that the dashboard reads it without reading events.
type Weather struct {
	ContractID string         `json:"contractId"`
	State      HealthState    `json:"state"`
	Ongoing    []WeatherEvent `json:"ongoing,omitempty"`
	Updated    time.Time      `json:"updated"`
}

// WeatherEvent is what the dashboard shows of one unresolved event.
type WeatherEvent struct {
	EventID     string      `json:"eventId"`
	ServiceID   string      `json:"serviceId"`
	ServiceName string      `json:"serviceName"`
	State       HealthState `json:"state"`
	// Title is the public message's first line, in French and in English.
	TitleFR string    `json:"titleFr"`
	TitleEN string    `json:"titleEn"`
	Start   time.Time `json:"start"`
	// End is when planned maintenance ends; zero for other events.
	End time.Time `json:"end,omitzero"`
}

// Consumption is what a contract has consumed in one calendar month, in its currency:
// a stored aggregate that operators (and later the billing run) update, read by the
// budget gauge without reading usage.
type Consumption struct {
	ContractID string `json:"contractId"`
	// Month is "YYYY-MM" in UTC.
	Month   string    `json:"month"`
	Amount  Money     `json:"amount"`
	Updated time.Time `json:"updated"`
}
