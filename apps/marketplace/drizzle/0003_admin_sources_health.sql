CREATE TABLE "revenue_milestones" (
	"month" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"net_at_crossing" integer NOT NULL,
	"crossed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revenue_milestones_month_amount_currency_pk" PRIMARY KEY("month","amount","currency")
);
--> statement-breakpoint
CREATE TABLE "source_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"event" text NOT NULL,
	"external_id" text NOT NULL,
	"outcome" text NOT NULL,
	"order_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "source_events" ADD CONSTRAINT "source_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_events_external_idx" ON "source_events" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "source_events_received_at_idx" ON "source_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "email_outbox_unsent_idx" ON "email_outbox" USING btree ("created_at") WHERE "email_outbox"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "stripe_events_pending_idx" ON "stripe_events" USING btree ("received_at") WHERE "stripe_events"."status" = 'pending';