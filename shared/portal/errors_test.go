package portal_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

func TestKindOfFindsWrappedError(t *testing.T) {
	base := portal.E(portal.Conflict, "version_conflict", "someone else changed it")
	wrapped := fmt.Errorf("saving user: %w", base)
	if got := portal.KindOf(wrapped); got != portal.Conflict {
		t.Fatalf("KindOf = %v, want conflict", got)
	}
	if !portal.Is(wrapped, portal.Conflict) || portal.Is(wrapped, portal.NotFound) {
		t.Fatal("Is does not match the wrapped kind")
	}
}

func TestUnknownErrorsAreInternal(t *testing.T) {
	if got := portal.KindOf(errors.New("disk on fire")); got != portal.Internal {
		t.Fatalf("KindOf(plain error) = %v, want internal", got)
	}
	if portal.Is(nil, portal.Internal) {
		t.Fatal("a nil error has no kind")
	}
}

func TestFieldsCollectsIntoOneInvalidError(t *testing.T) {
	var f portal.Fields
	if f.Err() != nil {
		t.Fatal("no fields must mean no error")
	}
	f.Add("email", "required")
	f.Add("password", "too_short")
	err := f.Err()
	var pe *portal.Error
	if !errors.As(err, &pe) || pe.Kind != portal.Invalid || len(pe.Fields) != 2 || pe.Fields[1].Code != "too_short" {
		t.Fatalf("unexpected error %#v", err)
	}
}

func TestErrorTextKeepsCauseForLogs(t *testing.T) {
	err := portal.Wrap(portal.Internal, "store_failed", errors.New("boom"))
	if err.Error() != "internal: store_failed: boom" {
		t.Fatalf("Error() = %q", err.Error())
	}
	if !errors.Is(err, err.Err) {
		t.Fatal("Unwrap must expose the cause")
	}
}
