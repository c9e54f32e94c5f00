/**
 * Where an ECS command points: the {@code --cluster/--endpoint/--region} options, the AWS SDK clients built
 * from them, and the up-front checks (credentials, cluster, task definition) that turn SDK errors into one line.
 */
package com.amazonaws.ecs.cli.connect;
