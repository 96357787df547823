// Package deploy holds the checks that keep the AWS deployment template in step with the code.
package deploy
