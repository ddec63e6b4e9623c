package notify_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"streetfix/intake"
	"streetfix/notify"
)

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtp.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// STARTTLS and implicit TLS both reach the server, which checks the
// password only over the encrypted connection.
func TestSMTPSecurityModes(t *testing.T) {
	cert, pool := selfSigned(t)
	for _, mode := range []string{notify.SecurityStartTLS, notify.SecurityTLS} {
		t.Run(mode, func(t *testing.T) {
			mail := startSMTPWith(t, &tls.Config{Certificates: []tls.Certificate{cert}}, mode == notify.SecurityTLS)
			e := newEnv(t, mail.configure, func(c *notify.Config) { c.SMTPSecurity = mode })
			e.svc.SetMailer(notify.NewSMTPMailer(e.cfg, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}))
			r := e.report(etterbeek, "pothole", "en", func(in *intake.Input) { in.Email = "tls@example.org" })
			e.run() // the confirmation
			e.status(r.ID, "fixed", "")
			e.run()
			got := mail.to("tls@example.org")
			if len(got) != 2 {
				t.Fatalf("%d emails over %s, want 2", len(got), mode)
			}
			if p := parse(t, got[1].Data); !strings.Contains(p.Subject, "is now: fixed") {
				t.Errorf("subject %q", p.Subject)
			}
			if !mail.sawTLS() {
				t.Error("the session was not encrypted")
			}
		})
	}
}
