package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/labrelay/labrelay/extract/ocr"
)

func main() {
	data, _ := os.ReadFile(os.Args[1])
	r := &ocr.Reader{Worker: "bin/labrelay-ocr", Workers: 2, SkipCells: os.Getenv("NOCELLS") != "", Thresholding: os.Getenv("THR"),
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	defer r.Close()
	l, err := r.ReadLayout(context.Background(), data, "application/pdf")
	if err != nil {
		panic(err)
	}
	for _, p := range l.Pages {
		for _, row := range p.Rows {
			var b strings.Builder
			for _, w := range row.Words {
				fmt.Fprintf(&b, "%s[%.2f] ", w.Text, w.Conf)
			}
			fmt.Println(p.Number, b.String())
		}
	}
}
