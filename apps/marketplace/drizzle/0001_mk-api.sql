CREATE TABLE "api_activations" (
	"id" serial PRIMARY KEY NOT NULL,
	"license_id" text NOT NULL,
	"instance" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_activations_license_instance_unique" UNIQUE("license_id","instance")
);
--> statement-breakpoint
CREATE TABLE "api_idempotency" (
	"account_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer,
	"body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_idempotency_account_id_key_pk" PRIMARY KEY("account_id","key")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"start" text NOT NULL,
	"last4" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "api_licenses" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"product_id" text NOT NULL,
	"key_hash" text NOT NULL,
	"start" text NOT NULL,
	"last4" text NOT NULL,
	"max_activations" integer,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_licenses_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "api_licenses_max_activations_check" CHECK ("api_licenses"."max_activations" > 0)
);
--> statement-breakpoint
CREATE TABLE "api_products" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_usage_alerts" (
	"account_id" text NOT NULL,
	"period" text NOT NULL,
	"percent" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_usage_alerts_account_id_period_percent_pk" PRIMARY KEY("account_id","period","percent")
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"customer" text NOT NULL,
	"meter" text NOT NULL,
	"day" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "usage_daily_customer_meter_day_pk" PRIMARY KEY("customer","meter","day")
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"identifier" text PRIMARY KEY NOT NULL,
	"customer" text NOT NULL,
	"meter" text NOT NULL,
	"quantity" integer NOT NULL,
	"timestamp" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_outbox" (
	"identifier" text PRIMARY KEY NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "api_activations" ADD CONSTRAINT "api_activations_license_id_api_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."api_licenses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_licenses" ADD CONSTRAINT "api_licenses_product_id_api_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."api_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_outbox" ADD CONSTRAINT "usage_outbox_identifier_usage_events_identifier_fk" FOREIGN KEY ("identifier") REFERENCES "public"."usage_events"("identifier") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_account_idx" ON "api_keys" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "api_licenses_account_idx" ON "api_licenses" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "api_products_account_idx" ON "api_products" USING btree ("account_id");