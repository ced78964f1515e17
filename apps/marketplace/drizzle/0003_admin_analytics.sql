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
CREATE INDEX "subscription_mrr_changes_subscription_idx" ON "subscription_mrr_changes" USING btree ("subscription_id","changed_at");--> statement-breakpoint
CREATE INDEX "subscription_mrr_changes_customer_idx" ON "subscription_mrr_changes" USING btree ("customer_id","changed_at");