package com.amazonaws.ecs.local.internal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EventBridge pattern matching, as a table: pattern, event, whether it matches. */
class EventPatternTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EVENT = "{'source':'aws.ecs','detail-type':'ECS Task State Change',"
            + "'resources':['arn:task/a','arn:task/b'],"
            + "'detail':{'clusterArn':'arn:cluster/blue','lastStatus':'RUNNING','version':3,'cpu':'256',"
            + "'stopCode':null,'containers':[{'name':'web','exitCode':0},{'name':'log','exitCode':137}]}}";

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // exact values, fields ANDed, entries ORed
        "{'source':['aws.ecs']}                                              | true",
        "{'source':['aws.ec2']}                                              | false",
        "{'source':['aws.ec2','aws.ecs']}                                    | true",
        "{'source':['aws.ecs'],'detail-type':['ECS Task State Change']}      | true",
        "{'source':['aws.ecs'],'detail-type':['ECS Container Instance State Change']} | false",
        "{'detail':{'clusterArn':['arn:cluster/blue']}}                      | true",
        "{'detail':{'clusterArn':['arn:cluster/green']}}                     | false",
        "{'detail':{'nothing':{'deeper':['x']}}}                             | false",
        // numbers by value, and type matters
        "{'detail':{'version':[3]}}                                          | true",
        "{'detail':{'version':[3.0]}}                                        | true",
        "{'detail':{'version':['3']}}                                        | false",
        "{'detail':{'cpu':[256]}}                                            | false",
        "{'detail':{'stopCode':[null]}}                                      | true",
        // arrays in the event: any element
        "{'resources':['arn:task/b']}                                        | true",
        "{'resources':['arn:task/c']}                                        | false",
        "{'detail':{'containers':{'exitCode':[137]}}}                        | true",
        "{'detail':{'containers':{'name':['web'],'exitCode':[0]}}}           | true",
        "{'detail':{'containers':{'name':['web'],'exitCode':[137]}}}         | false",
        // content filters
        "{'detail':{'lastStatus':[{'prefix':'RUN'}]}}                        | true",
        "{'detail':{'lastStatus':[{'prefix':'STOP'}]}}                       | false",
        "{'detail':{'lastStatus':[{'suffix':'ING'}]}}                        | true",
        "{'detail':{'lastStatus':[{'equals-ignore-case':'running'}]}}        | true",
        "{'detail':{'lastStatus':[{'anything-but':'STOPPED'}]}}              | true",
        "{'detail':{'lastStatus':[{'anything-but':['RUNNING','STOPPED']}]}}  | false",
        "{'detail':{'lastStatus':[{'anything-but':{'prefix':'RUN'}}]}}       | false",
        "{'detail':{'missing':[{'anything-but':'x'}]}}                       | false",
        "{'detail':{'version':[{'numeric':['>',2,'<=',3]}]}}                 | true",
        "{'detail':{'version':[{'numeric':['<',3]}]}}                        | false",
        "{'detail':{'lastStatus':[{'exists':true}]}}                         | true",
        "{'detail':{'missing':[{'exists':true}]}}                            | false",
        "{'detail':{'missing':[{'exists':false}]}}                           | true",
        "{'detail':{'lastStatus':[{'exists':false}]}}                        | false",
        "{'nowhere':{'missing':[{'exists':false}]}}                          | true",
        "{'detail':{'lastStatus':['STOPPED',{'prefix':'RUN'}]}}              | true",
    })
    void matchesAsEventBridgeDoes(String pattern, boolean matches) throws Exception {
        JsonNode event = MAPPER.readTree(EVENT.replace('\'', '"'));
        assertThat(EventPattern.parse(pattern.replace('\'', '"')).matches(event)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'$or':[{'source':['a']},{'source':['b']}]}      | $or",
        "{'source':[{'wildcard':'aws.*'}]}                | wildcard",
        "{'detail':{'ip':[{'cidr':'10.0.0.0/24'}]}}       | cidr",
        "{'source':[{'anything-but':{'wildcard':'x*'}}]}  | anything-but",
        "{'source':[{'prefix':{'equals-ignore-case':'a'}}]} | prefix",
    })
    void refusesWhatItDoesNotEvaluateNamingIt(String pattern, String construct) {
        assertThatThrownBy(() -> EventPattern.parse(pattern.replace('\'', '"')))
                .isInstanceOf(EventPattern.Unsupported.class).hasMessageContaining("\"" + construct + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "not json                                   | not valid JSON",
        "['aws.ecs']                                | must be a JSON object",
        "{'source':'aws.ecs'}                       | \"source\" must be an object or an array",
        "{'source':[]}                              | empty",
        "{'source':[['a']]}                         | cannot nest",
        "{'source':[{'prefix':'a','suffix':'b'}]}   | exactly one key",
        "{'source':[{'exists':'yes'}]}              | exists takes true or false",
        "{'detail':{'v':[{'numeric':['~',1]}]}}     | numeric operators",
    })
    void refusesInvalidPatterns(String pattern, String message) {
        assertThatThrownBy(() -> EventPattern.parse(pattern.replace('\'', '"')))
                .isInstanceOf(EventPattern.Invalid.class).isNotInstanceOf(EventPattern.Unsupported.class)
                .hasMessageContaining(message);
    }
}
