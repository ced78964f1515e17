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
CREATE INDEX "source_events_received_at_idx" ON "source_events" USING btree ("received_at");