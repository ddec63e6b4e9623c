package notify

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// Webhook targets are chosen by admins, but an admin's account (or a
// stolen session) must not turn the server into a probe of its own
// network: a call to a loopback, private, link-local or otherwise
// internal address is refused. The check runs on the address the
// connection is about to use, after DNS resolution, so a name that
// resolves to 127.0.0.1 (or is changed to, after it was added) is refused
// as well. Hosts the operator names (--webhook-allow-hosts) are exempt,
// for a city's own services on its private network.

// internalPrefixes are ranges no public webhook lives in, beyond what
// netip's own predicates cover.
var internalPrefixes = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("64:ff9b:1::/48"),
}

// internalAddr says whether a is not a public unicast address.
func internalAddr(a netip.Addr) bool {
	a = a.Unmap()
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() || !a.IsValid() {
		return true
	}
	if a.Is4() && a.As4()[0] == 0 { // "this network"
		return true
	}
	for _, p := range internalPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ErrInternalTarget is a webhook call refused because its address is internal.
type ErrInternalTarget struct{ Addr string }

func (e *ErrInternalTarget) Error() string {
	return fmt.Sprintf("refused: %s is a loopback, private or link-local address (an operator may allow the host with --webhook-allow-hosts)", e.Addr)
}

// refuseInternal is the dialer's Control: it sees the resolved address.
func refuseInternal(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	a, err := netip.ParseAddr(host)
	if err != nil || internalAddr(a) {
		return &ErrInternalTarget{Addr: host}
	}
	return nil
}

// webhookClient is the HTTP client of webhook calls: no proxy from the
// environment (it would connect for us, past the check), no redirects
// (a redirect is not an acknowledgement, and could point inside), and
// internal addresses refused unless the host is allowed by name.
func webhookClient(allow []string) *http.Client {
	allowed := map[string]bool{}
	for _, h := range allow {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			allowed[h] = true
		}
	}
	plain := &net.Dialer{Timeout: 10 * time.Second}
	guarded := &net.Dialer{Timeout: 10 * time.Second, Control: refuseInternal}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if allowed[strings.ToLower(strings.Trim(host, "[]"))] {
			return plain.DialContext(ctx, network, addr)
		}
		return guarded.DialContext(ctx, network, addr)
	}
	return &http.Client{
		Transport:     t,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
