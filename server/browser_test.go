package server

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser: DIPGRAPH_CHROMIUM, else Debian's chromium.
// Outside CI a missing browser skips the test; CI=true fails it.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DIPGRAPH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if inCI {
		t.Fatal("CI=true and no Chromium: .ci/run installs it (apt-get install -y chromium chromium-driver)")
	}
	t.Skip("no Chromium on this machine (apt-get install -y chromium): the browser test is skipped")
	return ""
}

// artifactDir is where tests leave files for people to look at:
// DIPGRAPH_TEST_ARTIFACTS, else test-artifacts/ at the top of the module.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DIPGRAPH_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "test-artifacts")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The playground in a real browser, with no network but the server's:
// headless Chromium opens it, runs the first example (the Wang Yi–Lavrov
// meeting) and sees the answer in the page. Every request the page makes
// goes to the server on 127.0.0.1; anything else would go to a proxy that
// does not exist, and the test would see it. A screenshot of the page with
// its answer is kept under test-artifacts/.
func TestPlaygroundInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	requireAssets(t)
	browser := chromium(t)
	ts := start(t, fixturesStore(t), Options{Introspection: true, Playground: true})

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Cut the network: every request but loopback's goes to a proxy
		// on a closed port.
		chromedp.ProxyServer("http://127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "127.0.0.1"),
		chromedp.WindowSize(1400, 1000),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	defer cancelBrowser()

	var mu sync.Mutex
	var requested, failures []string
	listenErr := chromedp.Listen(browserCtx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requested = append(requested, ev.Request.URL)
		case *runtime.EventExceptionThrown:
			failures = append(failures, "exception: "+ev.ExceptionDetails.Text+" "+exceptionDescription(ev.ExceptionDetails))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				failures = append(failures, "console.error: "+strings.Join(args, " "))
			}
		}
	})
	if listenErr != nil {
		t.Fatalf("starting Chromium (%s): %v", browser, listenErr)
	}
	if _, err := chromedp.Call(browserCtx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("recording the page's requests: %v", err)
	}

	const answered = `(() => {
		const r = document.querySelector('.graphiql-response');
		return !!r && r.innerText.includes('"totalCount": 1') && r.innerText.includes('Wang Yi');
	})()`
	// The screenshot is kept whatever happens, so that a failure can be seen.
	var tabs, response string
	err := func() error {
		if err := chromedp.Do(browserCtx,
			chromedp.Navigate(ts.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS(`.graphiql-execute-button`)),
		); err != nil {
			return fmt.Errorf("opening the playground: %w", err)
		}
		var err error
		if tabs, err = chromedp.Run(browserCtx, chromedp.Text(chromedp.CSS(`.graphiql-tabs`))); err != nil {
			return fmt.Errorf("reading the tabs: %w", err)
		}
		if err := chromedp.Do(browserCtx, chromedp.Click(chromedp.CSS(`.graphiql-execute-button`))); err != nil {
			return fmt.Errorf("running the query: %w", err)
		}
		_, err = chromedp.Run(browserCtx, chromedp.Poll[bool](answered, chromedp.WithPollingTimeout(30*time.Second)))
		response, _ = chromedp.Run(browserCtx, chromedp.Text(chromedp.CSS(`.graphiql-response`)))
		if err != nil {
			return fmt.Errorf("waiting for the answer: %w", err)
		}
		return nil
	}()
	shot := filepath.Join(artifactDir(t), "playground.png")
	if buf, serr := chromedp.Run(browserCtx, chromedp.FullScreenshot(100)); serr != nil {
		t.Errorf("taking a screenshot: %v", serr)
	} else if werr := os.WriteFile(shot, buf, 0o644); werr != nil {
		t.Errorf("writing the screenshot: %v", werr)
	} else {
		t.Logf("screenshot of the playground: %s", shot)
	}
	if err != nil {
		mu.Lock()
		t.Fatalf("the playground did not answer the first example: %v\nresponse pane: %q\nrequests: %v\nerrors: %v", err, response, requested, failures)
	}
	for _, ex := range []string{"WangYiMeetsLavrov", "ChinaRussia", "WangYiToIndia", "SearchDevanagari"} {
		if !strings.Contains(tabs, ex) {
			t.Errorf("no tab %s among the preloaded examples: %q", ex, tabs)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	if len(requested) == 0 {
		t.Fatal("no request was seen: the network events are not recorded")
	}
	for _, raw := range requested {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "data" && u.Hostname() != "127.0.0.1") {
			t.Errorf("the page requested %s: only the server on 127.0.0.1 may be asked", raw)
		}
	}
	if len(failures) > 0 {
		t.Errorf("the page reported errors: %v", failures)
	}
	queries := 0
	for _, raw := range requested {
		if strings.HasSuffix(raw, queryRoute) {
			queries++
		}
	}
	if queries == 0 {
		t.Errorf("the page sent no request to %s: %v", queryRoute, requested)
	}
}

func exceptionDescription(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}
