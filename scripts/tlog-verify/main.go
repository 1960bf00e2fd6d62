// tlog-verify checks the audit log's signed checkpoints and Merkle proofs with Go's own
// implementations (golang.org/x/mod/sumdb/note and sumdb/tlog), written independently of this
// repository's TypeScript: a checkpoint signature, inclusion proofs and consistency proofs.
//
// Input, either
//   - JSON on stdin (no arguments):
//     {"verifierKey": "<name>+<hash>+<key>", "checkpoint": "<signed note>",
//      "oldCheckpoint": "<signed note>"?,
//      "inclusion":   [{"index": 3, "size": 10, "leafHash": "<base64>" | "entry": "<base64>", "hashes": ["<base64>", …]}],
//      "consistency": [{"from": 5, "oldRoot": "<base64>"?, "to": 10, "hashes": ["<base64>", …]}]}
//   - or the running API: tlog-verify -url http://127.0.0.1:3000 -key <verifier key> [-old saved.checkpoint] [-index 3]
//
// Prints one JSON line per check and exits 0 only when every check passed.
package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type inclusion struct {
	Index    int64    `json:"index"`
	Size     int64    `json:"size"`
	LeafHash string   `json:"leafHash"`
	Entry    string   `json:"entry"`
	Hashes   []string `json:"hashes"`
}

type consistency struct {
	From    int64    `json:"from"`
	OldRoot string   `json:"oldRoot"`
	To      int64    `json:"to"`
	Hashes  []string `json:"hashes"`
}

type input struct {
	VerifierKey   string        `json:"verifierKey"`
	Checkpoint    string        `json:"checkpoint"`
	OldCheckpoint string        `json:"oldCheckpoint"`
	Inclusion     []inclusion   `json:"inclusion"`
	Consistency   []consistency `json:"consistency"`
}

// checkpoint is the body of a C2SP tlog-checkpoint: origin, tree size, root hash.
type checkpoint struct {
	Origin string
	Size   int64
	Root   tlog.Hash
}

func openCheckpoint(text string, verifiers note.Verifiers) (checkpoint, error) {
	n, err := note.Open([]byte(text), verifiers)
	if err != nil {
		return checkpoint{}, fmt.Errorf("signature: %w", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return checkpoint{}, errors.New("checkpoint: want origin, size and root hash lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return checkpoint{}, fmt.Errorf("checkpoint: bad tree size %q", lines[1])
	}
	root, err := decodeHash(lines[2])
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint: root: %w", err)
	}
	return checkpoint{Origin: lines[0], Size: size, Root: root}, nil
}

func decodeHash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != tlog.HashSize {
		return h, fmt.Errorf("not a base64 SHA-256 hash: %q", s)
	}
	copy(h[:], b)
	return h, nil
}

func decodeHashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		h, err := decodeHash(s)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

var failed bool

func report(check string, err error, fields map[string]any) {
	line := map[string]any{"check": check, "ok": err == nil}
	for k, v := range fields {
		line[k] = v
	}
	if err != nil {
		line["error"] = err.Error()
		failed = true
	}
	b, _ := json.Marshal(line)
	fmt.Println(string(b))
}

func run(in input) {
	verifier, err := note.NewVerifier(in.VerifierKey)
	if err != nil {
		report("verifierKey", err, nil)
		return
	}
	verifiers := note.VerifierList(verifier)
	cp, err := openCheckpoint(in.Checkpoint, verifiers)
	report("checkpoint", err, map[string]any{"origin": cp.Origin, "size": cp.Size})
	if err != nil {
		return
	}
	roots := map[int64]tlog.Hash{cp.Size: cp.Root}
	if in.OldCheckpoint != "" {
		old, err := openCheckpoint(in.OldCheckpoint, verifiers)
		report("oldCheckpoint", err, map[string]any{"origin": old.Origin, "size": old.Size})
		if err != nil {
			return
		}
		if old.Origin != cp.Origin {
			report("oldCheckpoint", fmt.Errorf("origin %q, want %q", old.Origin, cp.Origin), nil)
			return
		}
		roots[old.Size] = old.Root
	}

	for _, p := range in.Inclusion {
		err := func() error {
			root, ok := roots[p.Size]
			if !ok {
				return fmt.Errorf("no signed root for tree size %d", p.Size)
			}
			var leaf tlog.Hash
			if p.Entry != "" {
				data, err := base64.StdEncoding.DecodeString(p.Entry)
				if err != nil {
					return err
				}
				leaf = tlog.RecordHash(data)
			} else {
				var err error
				if leaf, err = decodeHash(p.LeafHash); err != nil {
					return err
				}
			}
			proof, err := decodeHashes(p.Hashes)
			if err != nil {
				return err
			}
			return tlog.CheckRecord(tlog.RecordProof(proof), p.Size, root, p.Index, leaf)
		}()
		report("inclusion", err, map[string]any{"index": p.Index, "size": p.Size})
	}

	for _, p := range in.Consistency {
		err := func() error {
			newRoot, ok := roots[p.To]
			if !ok {
				return fmt.Errorf("no signed root for tree size %d", p.To)
			}
			oldRoot, ok := roots[p.From]
			if p.OldRoot != "" {
				h, err := decodeHash(p.OldRoot)
				if err != nil {
					return err
				}
				if ok && h != oldRoot {
					return errors.New("oldRoot differs from the signed old checkpoint")
				}
				oldRoot, ok = h, true
			}
			if !ok {
				return fmt.Errorf("no root for tree size %d", p.From)
			}
			proof, err := decodeHashes(p.Hashes)
			if err != nil {
				return err
			}
			return tlog.CheckTree(tlog.TreeProof(proof), p.To, newRoot, p.From, oldRoot)
		}()
		report("consistency", err, map[string]any{"from": p.From, "to": p.To})
	}
}

func get(url, token string) ([]byte, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %d %s", url, res.StatusCode, body)
	}
	return body, nil
}

// fromAPI gathers the input from the running API: its checkpoint, the consistency proof from a
// saved checkpoint, and the inclusion proof of one entry.
func fromAPI(base, key, oldFile string, index int64) (input, error) {
	in := input{VerifierKey: key}
	cp, err := get(base+"/api/v1/audit/checkpoint", "")
	if err != nil {
		return in, err
	}
	in.Checkpoint = string(cp)
	// The size is read from the text as it came; run() verifies the signature before trusting it.
	lines := strings.SplitN(in.Checkpoint, "\n", 3)
	if len(lines) < 3 {
		return in, errors.New("checkpoint: too short")
	}
	size, _ := strconv.ParseInt(lines[1], 10, 64)
	if oldFile != "" {
		old, err := os.ReadFile(oldFile)
		if err != nil {
			return in, err
		}
		in.OldCheckpoint = string(old)
		oldLines := strings.SplitN(in.OldCheckpoint, "\n", 3)
		if len(oldLines) < 3 {
			return in, errors.New("old checkpoint: too short")
		}
		from, _ := strconv.ParseInt(oldLines[1], 10, 64)
		var c consistency
		body, err := get(fmt.Sprintf("%s/api/v1/audit/proof/consistency?from=%d&to=%d", base, from, size), "")
		if err != nil {
			return in, err
		}
		if err := json.Unmarshal(body, &c); err != nil {
			return in, err
		}
		in.Consistency = append(in.Consistency, c)
	}
	if index >= 0 {
		var p inclusion
		body, err := get(fmt.Sprintf("%s/api/v1/audit/proof/inclusion?index=%d&size=%d", base, index, size), "")
		if err != nil {
			return in, err
		}
		if err := json.Unmarshal(body, &p); err != nil {
			return in, err
		}
		in.Inclusion = append(in.Inclusion, p)
	}
	return in, nil
}

func main() {
	url := flag.String("url", "", "the API's base URL (without it, JSON is read from stdin)")
	key := flag.String("key", "", "the log's note verifier key (with -url)")
	old := flag.String("old", "", "a saved checkpoint file: check the current one is consistent with it (with -url)")
	index := flag.Int64("index", -1, "check the inclusion of this entry (with -url)")
	flag.Parse()

	var in input
	if *url != "" {
		var err error
		if in, err = fromAPI(strings.TrimRight(*url, "/"), *key, *old, *index); err != nil {
			report("fetch", err, nil)
			os.Exit(1)
		}
	} else if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		report("input", err, nil)
		os.Exit(1)
	}
	run(in)
	if failed {
		os.Exit(1)
	}
	fmt.Println(`{"ok":true}`)
}
