package queries_test

import (
	"context"
	"testing"

	"tradedash"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

func TestTradeReadsEmpty(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	got, err := p.Reader.TradeFlows(ctx, queries.TradeFilter{Reporters: []string{"RU"}, Flows: []tradedash.Flow{tradedash.FlowExport}, From: 2000, To: 2030})
	if err != nil || len(got) != 0 {
		t.Fatalf("TradeFlows on an empty database: %v, %v", got, err)
	}
	got, err = p.Reader.TradeChapters(ctx, "RU", "CN", tradedash.FlowExport, 2023)
	if err != nil || len(got) != 0 {
		t.Fatalf("TradeChapters on an empty database: %v, %v", got, err)
	}
}
