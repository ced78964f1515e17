CREATE TABLE "disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"reason" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "subscription_mrr_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"subscription_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"status" text NOT NULL,
	"previous_status" text,
	"product_id" text,
	"mrr" integer NOT NULL,
	"delta" integer NOT NULL,
	"customer_mrr_before" integer NOT NULL,
	"customer_mrr_after" integer NOT NULL,
	"movement" text,
	"currency" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_mrr_changes_mrr_check" CHECK ("subscription_mrr_changes"."mrr" >= 0),
	CONSTRAINT "subscription_mrr_changes_movement_check" CHECK ("subscription_mrr_changes"."movement" in ('new', 'expansion', 'contraction', 'churn', 'reactivation'))
);
--> statement-breakpoint
CREATE TABLE "support_ticket_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"ticket_reference" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_ticket_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_reference" text NOT NULL,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_ticket_messages_author_check" CHECK ("support_ticket_messages"."author" in ('customer', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "support_tickets" (
	"reference" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"subject" text NOT NULL,
	"email" text NOT NULL,
	"order_id" text,
	"account_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_response_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "support_tickets_status_check" CHECK ("support_tickets"."status" in ('open', 'waiting_on_customer', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_events" ADD CONSTRAINT "source_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_ticket_links" ADD CONSTRAINT "support_ticket_links_ticket_reference_support_tickets_reference_fk" FOREIGN KEY ("ticket_reference") REFERENCES "public"."support_tickets"("reference") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_ticket_messages" ADD CONSTRAINT "support_ticket_messages_ticket_reference_support_tickets_reference_fk" FOREIGN KEY ("ticket_reference") REFERENCES "public"."support_tickets"("reference") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_order_idx" ON "disputes" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "source_events_external_idx" ON "source_events" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "source_events_received_at_idx" ON "source_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "subscription_mrr_changes_subscription_idx" ON "subscription_mrr_changes" USING btree ("subscription_id","changed_at");--> statement-breakpoint
CREATE INDEX "subscription_mrr_changes_customer_idx" ON "subscription_mrr_changes" USING btree ("customer_id","changed_at");--> statement-breakpoint
CREATE INDEX "support_ticket_links_ticket_idx" ON "support_ticket_links" USING btree ("ticket_reference");--> statement-breakpoint
CREATE INDEX "support_ticket_messages_ticket_idx" ON "support_ticket_messages" USING btree ("ticket_reference","id");--> statement-breakpoint
CREATE INDEX "support_tickets_status_activity_idx" ON "support_tickets" USING btree ("status","last_activity_at");--> statement-breakpoint
CREATE INDEX "support_tickets_email_idx" ON "support_tickets" USING btree ("email");--> statement-breakpoint
CREATE INDEX "email_outbox_unsent_idx" ON "email_outbox" USING btree ("created_at") WHERE "email_outbox"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "stripe_events_pending_idx" ON "stripe_events" USING btree ("received_at") WHERE "stripe_events"."status" = 'pending';