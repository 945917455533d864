//go:build tools

// Package tools pins the Node.js language host. Its own module is not served by the Go module proxy, so this
// takes the same host from the last sdk/v3 release that still carried it as a package.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
)
