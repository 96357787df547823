package portal

import "time"

// BudgetAlert names one of the notices a contract's Managers get about its monthly
// budget: consumption reaching 80 % of it, reaching all of it, and the forecast of
// the month's end at the current rate going over it. Each is sent at most once per
// contract and month.
type BudgetAlert string

// The budget alerts, in the order they are usually reached.
const (
	BudgetAlert80       BudgetAlert = "80"
	BudgetAlert100      BudgetAlert = "100"
	BudgetAlertForecast BudgetAlert = "forecast"
)

// BudgetAlerts lists every alert.
var BudgetAlerts = []BudgetAlert{BudgetAlert80, BudgetAlert100, BudgetAlertForecast}

// MonthOf is the calendar month ("YYYY-MM", UTC) that t falls in: the month a
// consumption aggregate and the alerts about it belong to.
func MonthOf(t time.Time) string { return t.UTC().Format("2006-01") }

// DaysIn is the number of days of a month ("YYYY-MM"); zero when month is not one.
func DaysIn(month string) int {
	first, err := time.Parse("2006-01", month)
	if err != nil {
		return 0
	}
	return first.AddDate(0, 1, -1).Day()
}

// Forecast is what a contract will have consumed by the end of month at the rate of
// what it consumed so far: consumed × days in the month ÷ days elapsed, the day of
// now counting as elapsed, rounded down to the minor unit. A past month is over:
// its forecast is what it consumed.
func Forecast(consumed int64, month string, now time.Time) int64 {
	days := int64(DaysIn(month))
	if days == 0 || MonthOf(now) != month {
		return consumed
	}
	return consumed * days / int64(now.UTC().Day())
}

// BudgetReached lists the alerts that consumed reaches against a monthly budget in
// month, at now: 80 % when consumed is at least four fifths of budget, 100 % when it
// is at least budget, forecast when the month's forecast is over budget. A contract
// without a budget (zero) reaches none. Every comparison is on integers.
func BudgetReached(budget, consumed int64, month string, now time.Time) []BudgetAlert {
	if budget <= 0 {
		return nil
	}
	var out []BudgetAlert
	if consumed*5 >= budget*4 {
		out = append(out, BudgetAlert80)
	}
	if consumed >= budget {
		out = append(out, BudgetAlert100)
	}
	if Forecast(consumed, month, now) > budget {
		out = append(out, BudgetAlertForecast)
	}
	return out
}

// Budget is a contract's budget of one month against what it consumed: what the
// gauge shows.
type Budget struct {
	Month string `json:"month"`
	// Budget is zero when the contract has none.
	Budget   Money `json:"budget"`
	Consumed Money `json:"consumed"`
	// Forecast is the month's end at the current rate.
	Forecast Money `json:"forecast"`
	// Percent is consumed against budget in whole percent, rounded down; zero
	// without a budget.
	Percent int64         `json:"percent"`
	Reached []BudgetAlert `json:"reached"`
}

// BudgetOf is contract c's budget for month at now, with consumed (in minor units of
// the contract's currency) as the month's consumption.
func BudgetOf(c Contract, consumed int64, month string, now time.Time) Budget {
	cur := c.CurrencyOrDefault()
	b := Budget{Month: month, Budget: Money{Minor: c.Budget, Currency: cur}, Consumed: Money{Minor: consumed, Currency: cur},
		Forecast: Money{Minor: Forecast(consumed, month, now), Currency: cur}, Reached: BudgetReached(c.Budget, consumed, month, now)}
	if c.Budget > 0 {
		b.Percent = consumed * 100 / c.Budget
	}
	if b.Reached == nil {
		b.Reached = []BudgetAlert{}
	}
	return b
}

// CurrencyOrDefault is the contract's currency, DefaultCurrency for contracts made
// before contracts had one.
func (c Contract) CurrencyOrDefault() string {
	if c.Currency == "" {
		return DefaultCurrency
	}
	return c.Currency
}
