-- Step-mode runs held at once are capped per member and per address: the gate notes the address, and both are counted.
ALTER TABLE "StepGate" ADD COLUMN "address" TEXT;
CREATE INDEX "StepGate_userId_idx" ON "StepGate"("userId");
CREATE INDEX "StepGate_address_idx" ON "StepGate"("address");
