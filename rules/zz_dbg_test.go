package rules

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/pdf"
)

func TestZZDump(t *testing.T) {
	f := os.Getenv("ZZPDF")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	l, err := (&pdf.Reader{}).ReadLayout(context.Background(), data, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	v := newView(l)
	for _, ln := range v.Lines {
		var parts []string
		for _, c := range ln.Cells {
			parts = append(parts, fmt.Sprintf("%s@%.0f-%.0f", c.Text, c.Box.X, c.Box.X+c.Box.W))
		}
		fmt.Printf("p%d y=%.0f h=%.0f | %s\n", ln.Page, ln.Box.Y, ln.Box.H, strings.Join(parts, " ¦ "))
	}
}

func TestZZTable(t *testing.T) {
	f := os.Getenv("ZZPDF")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	l, _ := (&pdf.Reader{}).ReadLayout(context.Background(), data, "application/pdf")
	v := newView(l)
	for i, ln := range v.Lines {
		var ks []string
		for _, c := range ln.Cells {
			k, u := genericHeaderKind(c.Text)
			ks = append(ks, fmt.Sprintf("%d%s", k, u))
		}
		if strings.Contains(strings.Join(ks, ","), "0") {
			fmt.Println(i, ln.Text, ks)
		}
	}
	res := readTables(v, genericTable)
	fmt.Println(res.trace, len(res.rows))
}
