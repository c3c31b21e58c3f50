CREATE INDEX "officers_status_cert_idx" ON "officers" USING btree ("status","cert_status");--> statement-breakpoint
CREATE INDEX "officers_hire_date_idx" ON "officers" USING btree ("hire_date" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "units_name_idx" ON "units" USING btree ("name");