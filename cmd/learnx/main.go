package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/learn"
	"github.com/labrelay/labrelay/rules"
)

func main() {
	ctx := context.Background()
	for _, a := range os.Args[1:] {
		seed, _ := strconv.ParseUint(a, 10, 64)
		d, err := layouts.Generate(seed)
		if err != nil {
			panic(err)
		}
		l, err := pdf.NewReader().ReadLayout(ctx, d.PDF, "application/pdf")
		if err != nil {
			panic(err)
		}
		if dir := os.Getenv("DUMP"); dir != "" {
			os.WriteFile(filepath.Join(dir, d.Name+".pdf"), d.PDF, 0o644)
			js, _ := json.MarshalIndent(d.Truth, "", "  ")
			os.WriteFile(filepath.Join(dir, d.Name+".json"), js, 0o644)
		}
		if os.Getenv("ROWS") != "" {
			for _, ln := range rules.NewDoc(l).Lines() {
				var cs []string
				for _, c := range ln.Cells {
					cs = append(cs, fmt.Sprintf("%.0f:%s", c.Box.X, c.Text))
				}
				fmt.Printf("p%d y=%.0f h=%.0f | %s\n", ln.Page, ln.Box.Y, ln.Box.H, strings.Join(cs, " ¦ "))
			}
		}
		ex := []learn.Example{{Name: d.Name, Layout: l, Record: d.Truth}}
		p, err := learn.Learn("", ex)
		if err != nil {
			fmt.Println(seed, "ERR", err)
			continue
		}
		dir, _ := os.MkdirTemp("", "lp")
		os.WriteFile(filepath.Join(dir, "p.yaml"), p.YAML, 0o644)
		e, err := rules.FromDirs("", dir)
		if err != nil {
			fmt.Println(seed, "LOAD", err)
			fmt.Println(string(p.YAML))
			continue
		}
		res, ok, _ := learn.Verify(ctx, e, p.Name, ex)
		fmt.Println(seed, d.Layout, "ok", ok)
		for _, r := range p.Fields {
			if !r.Learned {
				fmt.Println("   learner:", r.Field, r.Why)
			}
		}
		for _, r := range res {
			if !r.Learned {
				fmt.Println("   ", r.Field, r.Why)
			}
		}
		if os.Getenv("NEXT") != "" {
			for n := uint64(1); n <= 3; n++ {
				d2, _ := layouts.Variant(seed, n)
				l2, _ := pdf.NewReader().ReadLayout(ctx, d2.PDF, "application/pdf")
				x, _ := e.Analyze(ctx, l2)
				fmt.Println("   next", n, x.RulePack, x.Review.Required, x.Review.Reasons)
				if f := os.Getenv("NTRACE"); f != "" {
					_, tr, _ := e.AnalyzeDebug(ctx, l2)
					for _, r := range tr.Rules {
						if r.Field == f {
							fmt.Printf("      %+v\n", r)
						}
					}
				}
			}
		}
		if f := os.Getenv("TRACE"); f != "" {
			_, tr, _ := e.AnalyzeDebug(ctx, l)
			for _, r := range tr.Rules {
				if r.Field == f {
					fmt.Printf("      %+v\n", r)
				}
			}
			for _, g := range tr.Generic {
				fmt.Println("      G", g)
			}
		}
		if os.Getenv("SHOW") != "" {
			fmt.Println(string(p.YAML))
		}
	}
}
