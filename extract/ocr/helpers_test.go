package ocr_test

import "context"

var errDeadline = context.DeadlineExceeded
