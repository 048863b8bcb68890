package replay

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sort"
	"strings"

	"github.com/loftgate/loftgate/harness/wire"
)

// Webhook delivery headers (API-FACTS §8).
const (
	// SignatureHeader carries hex(HMAC-SHA1(key=callback_token, msg=raw body)).
	SignatureHeader = "x-salesloft-signature"
	// timestampHeader is sent only by the simulator's timestamp_signature
	// fault (the stale "ts.body" claim the specs check clients reject).
	timestampHeader = "x-salesloft-timestamp"
)

// delivery is a recorded webhook delivery inside a JSON body (the
// simulator's GET /_sim/deliveries answer): its headers and raw body.
type delivery struct {
	signature, timestamp, body string
}

// findDeliveries collects, in a deterministic order, every object with a
// "headers" object holding x-salesloft-signature and a string "body".
func findDeliveries(v any, out *[]delivery) {
	switch t := v.(type) {
	case map[string]any:
		if hs, ok := t["headers"].(map[string]any); ok {
			if body, ok := t["body"].(string); ok {
				d := delivery{body: body}
				for k, hv := range hs {
					s, _ := hv.(string)
					switch strings.ToLower(k) {
					case SignatureHeader:
						d.signature = s
					case timestampHeader:
						d.timestamp = s
					}
				}
				if d.signature != "" {
					*out = append(*out, d)
				}
			}
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			findDeliveries(t[k], out)
		}
	case []any:
		for _, e := range t {
			findDeliveries(e, out)
		}
	}
}

// signScheme is one way a delivery may have been signed.
type signScheme struct {
	hash      func() hash.Hash
	timestamp bool // signed over timestamp + "." + body
}

// schemes are tried in order: the documented one first.
var schemes = []signScheme{{sha1.New, false}, {sha256.New, false}, {sha1.New, true}, {sha256.New, true}}

// sign computes a delivery signature under a scheme.
func (sc signScheme) sign(key, ts, body string) string {
	m := hmac.New(sc.hash, []byte(key))
	if sc.timestamp {
		m.Write([]byte(ts + "."))
	}
	m.Write([]byte(body))
	return hex.EncodeToString(m.Sum(nil))
}

// resign re-signs the deliveries found in a scrubbed JSON body: for each,
// the callback token and scheme that verify the original signature over the
// original body are found, and the signature is recomputed over the
// scrubbed body with the token's placeholder, under the same scheme, so that
// a signature check holds on replay exactly when it held when recording (a
// deliberately wrong signature stays wrong). Deliveries signed with an
// unknown key are left as they are.
func resign(original, scrubbed string, tokens map[string]string) string {
	if len(tokens) == 0 || !strings.Contains(strings.ToLower(original), SignatureHeader) {
		return scrubbed
	}
	ov, err := wire.DecodeJSON([]byte(original))
	if err != nil {
		return scrubbed
	}
	sv, err := wire.DecodeJSON([]byte(scrubbed))
	if err != nil {
		return scrubbed
	}
	var od, sd []delivery
	findDeliveries(ov, &od)
	findDeliveries(sv, &sd)
	if len(od) != len(sd) {
		return scrubbed
	}
	keys := make([]string, 0, len(tokens))
	for k := range tokens {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, d := range od {
		prefix, sig := splitSignature(d.signature)
		newSig := ""
	search:
		for _, sc := range schemes {
			for _, key := range keys {
				if hmac.Equal([]byte(sc.sign(key, d.timestamp, d.body)), []byte(strings.ToLower(sig))) {
					newSig = prefix + sc.sign(tokens[key], sd[i].timestamp, sd[i].body)
					break search
				}
			}
		}
		if newSig != "" && sd[i].signature != newSig {
			scrubbed = strings.ReplaceAll(scrubbed, sd[i].signature, newSig)
		}
	}
	return scrubbed
}

// splitSignature separates an optional "sha1=" or "sha256=" prefix.
func splitSignature(s string) (prefix, hexSig string) {
	if i := strings.Index(s, "="); i > 0 && i < 8 {
		return s[:i+1], s[i+1:]
	}
	return "", s
}
