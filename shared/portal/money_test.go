package portal

import "testing"

func TestParseAmount(t *testing.T) {
	good := map[string]int64{"0": 0, "1250": 125000, "1250.5": 125050, "1 250,50": 125050, " 3.07 ": 307, "0.01": 1}
	for in, want := range good {
		got, err := ParseAmount(in)
		if err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	bad := map[string]string{"": "amount", "-5": "amount", "1.234": "amount", "1e3": "amount", "12.": "amount",
		".5": "amount", "1,2,3": "amount", "NaN": "amount", "99999999999999": "amount_range"}
	for in, code := range bad {
		if _, err := ParseAmount(in); CodeOf(err) != code {
			t.Errorf("ParseAmount(%q) error %v; want code %s", in, err, code)
		}
	}
}

func TestDecimal(t *testing.T) {
	for minor, want := range map[int64]string{0: "0.00", 5: "0.05", 125050: "1250.50", -1205: "-12.05"} {
		if got := Decimal(minor); got != want {
			t.Errorf("Decimal(%d) = %q; want %q", minor, got, want)
		}
	}
}
