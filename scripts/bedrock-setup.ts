/**
 * Creates (or finds) the Bedrock agent of pattern H in your AWS account and prints the two
 * settings for .env. Needs AWS credentials, AWS_REGION and BEDROCK_AGENT_ROLE_ARN; see docs/bedrock.md.
 */
import { BedrockAgentClient } from "@aws-sdk/client-bedrock-agent";
import { agentConfig, envLines, setUpBedrockAgent } from "@/lib/patterns/bedrock-agent-setup";

const config = agentConfig(process.env);
const { agentId, aliasId } = await setUpBedrockAgent(new BedrockAgentClient({ region: config.region }), config, (line) =>
  console.log(line),
);
console.log(`\nAdd to .env:\n${envLines(agentId, aliasId)}`);
