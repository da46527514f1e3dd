package pdf

import (
	"bufio"
	"bytes"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/validate"
)

var disableConfigDir sync.Once

// decrypt removes encryption that needs no user password, with pdfcpu
// (which reads AES-256, unlike ledongthuc). It does what api.Decrypt does
// (read, validate, optimise, write) with pdfcpu's core packages: pkg/api
// links its form filler and with it go-runewidth, whose init builds 2 MB of
// tables (28 ms) in every labrelay process, `labrelay help` included.
func decrypt(data []byte) (out []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			out, err = nil, panicError(x)
		}
	}()
	// No config.yml and user fonts in the home directory (api.DisableConfigDir).
	disableConfigDir.Do(func() { model.ConfigPath = "disable" })
	conf := model.NewDefaultConfiguration()
	conf.UserPW, conf.OwnerPW = "", ""
	conf.Cmd = model.DECRYPT
	ctx, err := pdfcpu.Read(bytes.NewReader(data), conf)
	if err != nil {
		return nil, err
	}
	if err := validate.XRefTable(ctx); err != nil {
		return nil, err
	}
	if conf.Optimize {
		if err := pdfcpu.OptimizeXRefTable(ctx); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	ctx.Write.Writer = bufio.NewWriter(&buf)
	if err := pdfcpu.WriteContext(ctx); err != nil {
		return nil, err
	}
	if err := ctx.Write.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
