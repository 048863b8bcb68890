package secret

import "testing"

func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"token": true, "client_secret": true, "password": true, "authToken": true, "X-Auth-Token": true,
		"api_key": true, "apiKey": true, "X-Api-Key": true, "private_key": true, "signing_secret": true,
		"token_type": false, "key": false, "keys": false, "tokens_used": false, "monkey": false,
		"name": false, "": false, "keyed": false,
		"upsert_key": false, "idempotency_key": false, "rollup_key": false, "sort_key": false,
		"code": true, "sig": true, "client_credentials": true, "otp": true, "email_signature": false,
		"zip_code": false, "country_code": false, "signatures_count": false,
	} {
		if got := SecretName(name); got != want {
			t.Errorf("SecretName(%q) = %v, want %v", name, got, want)
		}
	}
}
